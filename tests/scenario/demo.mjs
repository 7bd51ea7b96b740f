// The demo scenario in Node (the same one runs in Rust and Python): create a user, add it to a
// group, list users page by page, and handle a 404. Reads OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN.
import { Client, NotFoundError } from '../../bindings/node/index.mjs';

const client = new Client();

const user = await client.users.create({
  activate: true,
  profile: { login: 'demo.node@example.com', email: 'demo.node@example.com', firstName: 'Demo', lastName: 'Node' },
});
console.log(`node: created user ${user.id} (${user.status})`);

const group = await client.groups.add({ profile: { name: 'demo-node' } });
await client.groups.assignUserToGroup(group.id, user.id);
console.log(`node: added ${user.id} to group ${group.id}`);

let pages = 0;
let users = 0;
for await (const page of client.users.list({ limit: 100 }).pages()) {
  pages += 1;
  users += page.items.length;
}
console.log(`node: listed ${users} users in ${pages} pages`);

try {
  await client.users.get('no-such-user');
  throw new Error('expected a 404');
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`node: get of a missing user gave ${error.status} ${error.errorCode}`);
}
