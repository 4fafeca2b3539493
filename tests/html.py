"""A small reader for rendered pages, on Django's own HTML parser (no extra dependency)."""

from django.test.html import parse_html


class Page:
    """An element of a rendered page: find elements by tag, class and attributes."""

    def __init__(self, element):
        self.element = element

    @classmethod
    def of(cls, response) -> "Page":
        assert response.status_code == 200, response.status_code
        return cls(parse_html(response.content.decode()))

    @property
    def name(self) -> str:
        return self.element.name

    def __getitem__(self, attribute):
        return dict(self.element.attributes)[attribute]

    def get(self, attribute, default=None):
        return dict(self.element.attributes).get(attribute, default)

    def has(self, attribute) -> bool:
        return attribute in dict(self.element.attributes)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def text(self) -> str:
        parts = []
        for child in self.element.children:
            parts.append(child if isinstance(child, str) else Page(child).text())
        return " ".join(" ".join(parts).split())

    def _walk(self):
        for child in self.element.children:
            if not isinstance(child, str):
                yield Page(child)
                yield from Page(child)._walk()

    def find_all(self, tag=None, *, cls=None, **attributes) -> list["Page"]:
        found = []
        for node in self._walk():
            if tag and node.name not in tag.split():
                continue
            if cls and cls not in node.classes:
                continue
            if any(node.get(k.rstrip("_").replace("_", "-")) != v for k, v in attributes.items()):
                continue
            found.append(node)
        return found

    def find(self, tag=None, **kwargs) -> "Page | None":
        found = self.find_all(tag, **kwargs)
        return found[0] if found else None
