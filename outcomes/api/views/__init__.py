"""The outcomes API's views, one module per part (framework, targets, returns, progress,
benchmarks). Each module registers its viewsets on the router (`register`) and owns its other
URL patterns; outcomes.api.urls puts them together."""
