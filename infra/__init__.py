"""Settings, storage and deployment. Reads the environment; knows no document formats."""
