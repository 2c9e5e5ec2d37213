from profiles.http import respond
from profiles.repository import ProfileRepository


def handler(event, context):
    team = event["pathParameters"]["team"]
    return respond(200, ProfileRepository().by_team(team))
