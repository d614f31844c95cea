"""Document readers and, later, the commitment model. Pure: no S3, no Prefect."""
