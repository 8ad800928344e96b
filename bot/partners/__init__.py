"""The partner network: the directory's CSV files and matching partners to what a participant said."""
