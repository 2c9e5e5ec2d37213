from flask import Flask

from accounts.routes import bp as accounts_bp
from accounts.avatars import bp as avatars_bp

app = Flask(__name__)
app.register_blueprint(accounts_bp, url_prefix="/accounts")
app.register_blueprint(avatars_bp, url_prefix="/avatars")


@app.get("/health")
def health():
    return {"ok": True}
