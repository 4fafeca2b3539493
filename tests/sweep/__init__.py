"""The tenancy sweep's machinery; the tests are in tests/test_tenancy_sweep.py.

world.py says who is who and who may see what; build.py, dps.py and journey.py make the world
through the services; audiences.py and table.py say what each route names and who uses it;
routes.py walks the URLconf and fills each route."""
