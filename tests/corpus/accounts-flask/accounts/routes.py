import json
import os
import uuid

import boto3
from flask import Blueprint, abort, jsonify, request

from accounts.db import create_user, find_user

bp = Blueprint("accounts", __name__)
sns = boto3.client("sns")


@bp.get("/<user_id>")
def get_account(user_id):
    user = find_user(user_id)
    if not user:
        abort(404)
    return jsonify(user)


@bp.post("")
def create_account():
    body = request.get_json()
    user_id = str(uuid.uuid4())
    create_user(user_id, body["email"])
    sns.publish(TopicArn=os.environ["WELCOME_TOPIC"], Message=json.dumps({"user_id": user_id}))
    return jsonify({"user_id": user_id}), 201
