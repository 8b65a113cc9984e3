"""People and their roles: accounts, memberships, partner organisations, who may do what."""
