"""The demo scenario in Python (the same one runs in Rust and Node): create a user, add it to a
group, list users page by page, and handle a 404. Reads OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN."""

import okta_admin

client = okta_admin.Client()

user = client.users.create(
    profile={"login": "demo.python@example.com", "email": "demo.python@example.com", "firstName": "Demo", "lastName": "Python"},
    activate=True,
)
print(f"python: created user {user.id} ({user.status})")

group = client.groups.add(profile={"name": "demo-python"})
client.groups.assign_user_to_group(group.id, user.id)
print(f"python: added {user.id} to group {group.id}")

pages = list(client.users.list(limit=100).pages())
print(f"python: listed {sum(len(p.items) for p in pages)} users in {len(pages)} pages")

try:
    client.users.get("no-such-user")
    raise SystemExit("expected a 404")
except okta_admin.NotFoundError as error:
    print(f"python: get of a missing user gave {error.status} {error.error_code}")
