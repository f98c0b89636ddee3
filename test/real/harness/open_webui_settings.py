"""Runs pieces of Open WebUI's own code (the pinned wheel's open_webui/config.py and utils/oauth.py, files passed
as arguments) with the environment given on stdin, to answer two questions without its server:
  - which value a PersistentConfig setting takes when the database already holds one (the real class and the real
    ENABLE_PERSISTENT_CONFIG / ENABLE_OAUTH_PERSISTENT_CONFIG lines; the database lookup is a stand-in dict);
  - which role OAuthManager.get_user_role gives a user with given groups (the real method and the real OAUTH_* and
    DEFAULT_USER_ROLE settings of config.py; the user count and HTTP error types are stand-ins).
Statements are picked from the files by name with ast and executed as they are; nothing is rewritten.
Input (JSON): {"env": {...}, "db": {"config.path": value}, "settings": [NAME...] (PersistentConfig settings of
config.py), "support": [NAME...] (plain assignments they are computed from), "users": {"name": {"groups": [...]}}}.
Output (JSON): {"values": {NAME: value}, "roles": {"name": role}}.
"""
import ast
import json
import os
import sys
from typing import Generic, TypeVar

config_file, oauth_file = sys.argv[1], sys.argv[2]
data = json.load(sys.stdin)
os.environ.clear()
os.environ.update(data["env"])


class Log:
    def __getattr__(self, _name):
        return lambda *a, **k: None


def pick(tree, names):
    """The top-level statements of `tree` that assign one of `names`, or define it, in file order."""
    out = []
    for node in tree.body:
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if set(targets) & names or getattr(node, "name", None) in names:
            out.append(node)
    found = {getattr(node, "name", None) for node in out}
    found |= {t.id for node in out for t in getattr(node, "targets", []) if isinstance(t, ast.Name)}
    missing = names - found
    if missing:
        raise SystemExit(f"not found in the source: {sorted(missing)}")
    return out


ns = {
    "os": os,
    "Generic": Generic,
    "TypeVar": TypeVar,
    "T": TypeVar("T"),
    "log": Log(),
    "PERSISTENT_CONFIG_REGISTRY": [],
    # Stand-in for the database lookup: what an earlier start stored at that config path.
    "get_config_value": lambda path: data["db"].get(path),
}
config = ast.parse(open(config_file).read())
wanted = {
    "ENABLE_PERSISTENT_CONFIG",
    "ENABLE_OAUTH_PERSISTENT_CONFIG",
    "PersistentConfig",
    "OAUTH_ROLES_SEPARATOR",
    "ENABLE_OAUTH_ROLE_MANAGEMENT",
    "OAUTH_ROLES_CLAIM",
    "OAUTH_ALLOWED_ROLES",
    "OAUTH_ADMIN_ROLES",
    "DEFAULT_USER_ROLE",
    *data["settings"],
    *data["support"],
}
exec(compile(ast.Module(body=pick(config, wanted), type_ignores=[]), config_file, "exec"), ns)

values = {name: ns[name].value for name in data["settings"]}

oauth = ast.parse(open(oauth_file).read())
manager = next(n for n in oauth.body if isinstance(n, ast.ClassDef) and n.name == "OAuthManager")
method = next(n for n in manager.body if isinstance(n, ast.FunctionDef) and n.name == "get_user_role")


class Forbidden(Exception):
    def __init__(self, status_code, detail=None):
        super().__init__(status_code)


class Users:
    @staticmethod
    def get_num_users():
        return 2  # not the first user: the first one becomes admin whatever the roles


class Config:
    pass


auth = Config()
for name in ("ENABLE_OAUTH_ROLE_MANAGEMENT", "OAUTH_ROLES_CLAIM", "OAUTH_ALLOWED_ROLES", "OAUTH_ADMIN_ROLES", "DEFAULT_USER_ROLE"):
    setattr(auth, name, ns[name].value)
ns.update(
    {
        "Users": Users,
        "auth_manager_config": auth,
        "HTTPException": Forbidden,
        "status": type("status", (), {"HTTP_403_FORBIDDEN": 403}),
        "ERROR_MESSAGES": type("E", (), {"ACCESS_PROHIBITED": "access prohibited"}),
    }
)
exec(compile(ast.Module(body=[method], type_ignores=[]), oauth_file, "exec"), ns)
roles = {}
for name, claims in data["users"].items():
    try:
        roles[name] = ns["get_user_role"](None, None, claims)
    except Forbidden:
        roles[name] = "refused (403)"
print(json.dumps({"values": values, "roles": roles}))
