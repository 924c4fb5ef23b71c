"""Browse the archive in Kibana: saved objects from the mapping, and their import."""
