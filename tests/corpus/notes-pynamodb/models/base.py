import os

REGION = os.environ.get("AWS_REGION", "us-east-1")
