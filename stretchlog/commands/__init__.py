"""The commands, grouped by what they are about. Importing a module registers its commands."""
