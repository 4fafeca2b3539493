"""Forms for placements' pages, in GOV.UK style (kernel.forms). They check what a user typed;
the services (placements.services) decide what may be saved."""
