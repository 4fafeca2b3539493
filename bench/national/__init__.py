"""The national-scale generator's parts (bench/national_scale.py runs them): the country's shape
(`shape`), the loader (`loader`), and the tables it generates, the market (`market`) and then
children, requests and placements (`placements`)."""
