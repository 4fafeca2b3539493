"""The placements API: children, requests, invitations, questions, placements and savings."""
