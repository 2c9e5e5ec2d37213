import os

import boto3

kinesis = boto3.client("kinesis")


def handler(event, context):
    shards = kinesis.list_shards(StreamName=os.environ["ACTIVITY_STREAM"])["Shards"]
    seen = 0
    for shard in shards:
        stream = kinesis.subscribe_to_shard(
            ConsumerARN=os.environ["CONSUMER_ARN"],
            ShardId=shard["ShardId"],
            StartingPosition={"Type": "LATEST"},
        )
        for ev in stream["EventStream"]:
            seen += len(ev.get("SubscribeToShardEvent", {}).get("Records", []))
            if seen > 1000:
                break
    return {"seen": seen}
