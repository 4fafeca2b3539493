"""What the outcomes API shows and accepts, one module per part, as its views. Output serializers
read rows and the selectors' figures; input serializers only validate shapes: every write goes
through outcomes.services."""
