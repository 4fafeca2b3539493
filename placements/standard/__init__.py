"""The Placements Data Standard v2: the schema derived from its field list, the fields a request
captures, the pseudonymised export and the import of a referral."""
