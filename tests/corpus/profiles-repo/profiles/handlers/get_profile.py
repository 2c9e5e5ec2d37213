from profiles.http import respond
from profiles.repository import ProfileRepository
from profiles.storage import avatar_url

repo = ProfileRepository()


def handler(event, context):
    profile_id = event["pathParameters"]["id"]
    profile = repo.get(profile_id)
    if profile is None:
        return respond(404, {"message": "not found"})
    profile["avatar"] = avatar_url(profile_id)
    return respond(200, profile)
