"""Persistence for Brobygger: tables, repositories, the unit of work and migrations."""
