import { describe, expect, it } from 'vitest';
import { analyzeQuery, MAX_QUERY_TERMS, OperationIndex, stem, words } from './operation-search.js';
import { status } from '../../test/support/runtime-fixtures.js';
import type { ToolDefinition } from './types.js';

/** A tool of the runtime fixture with another name, title, description, tags and keywords. */
function tool(name: string, title: string, description: string, extra: Partial<ToolDefinition> = {}): [string, ToolDefinition] {
  return [name, { ...status, name, title, description, tags: [], ...extra }];
}

const writeAnnotations = { destructiveHint: false, idempotentHint: false, openWorldHint: true, readOnlyHint: false };

const tools = new Map<string, ToolDefinition>([
  tool('get_users', 'List users', 'Lists the user accounts.', { tags: ['Users'] }),
  tool('get_user', 'Get user', 'One user account.', {
    tags: ['Users'],
    inputSchema: { type: 'object', properties: { userId: { type: 'string' } }, required: ['userId'] },
  }),
  tool('set_user_role', 'Set user role', 'Makes a user an admin or a normal user.', { annotations: writeAnnotations }),
  tool('get_cloudron_footer', 'Get Cloudron footer', 'The Cloudron dashboard footer.'),
  tool('get_cloudron_status', 'Get Cloudron status', 'The Cloudron version.'),
  tool('get_mysql_config', 'Get MySQL config', 'Settings of the MySQL service.'),
  tool('list_alerts', 'List alerts', 'Alerts raised by monitoring.'),
  tool('add_mailbox', 'Add mailbox', 'Creates a mailbox.', { annotations: writeAnnotations, keywords: ['inbox'] }),
  tool('set_time_zone', 'Set time zone', 'Changes the time zone.', { annotations: writeAnnotations }),
  tool('delete_app', 'Delete app', 'Deletes an app and its data.', { annotations: writeAnnotations }),
]);
const index = new OperationIndex(tools, ['cloudron', 'Cloudron API']);
const names = (query: string, limit = 10) => index.search(query, limit).map((match) => match.name);

describe('query analysis', () => {
  it('splits names, titles and camel case into lower-case words', () => {
    expect(words('get_cloudron_status')).toEqual(['get', 'cloudron', 'status']);
    expect(words('memoryLimit, IPv4 2FA HTTPServer ipv4Config!')).toEqual([
      'memory',
      'limit',
      'ipv4',
      '2fa',
      'http',
      'server',
      'ipv4',
      'config',
    ]);
  });

  it('stems words, leaving those with digits whole', () => {
    expect(stem('alerting')).toBe(stem('alert'));
    expect(stem('users')).toBe(stem('user'));
    expect(stem('ipv4')).toBe('ipv4');
  });

  it('drops stop words, counts each stem once and adds synonyms not already asked for', () => {
    const analyzed = analyzeQuery('please remove the apps, the app and my apps');
    expect(analyzed.terms).toEqual([stem('remove'), stem('app')]);
    expect(analyzed.synonyms).toContain(stem('delete'));
    expect(analyzed.synonyms).not.toContain(stem('remove'));
    expect(analyzeQuery('what is it to me').terms).toEqual([]);
  });
});

describe('OperationIndex', () => {
  it('finds the operation for a whole sentence despite the API name and filler words', () => {
    expect(names('who are all the people with accounts on my cloudron?')[0]).toBe('get_users');
  });

  it('still searches for the API name when nothing else is asked', () => {
    expect(names('cloudron').slice(0, 2).sort()).toEqual(['get_cloudron_footer', 'get_cloudron_status']);
  });

  it('matches stems and prefixes of longer words, but a short word only whole', () => {
    expect(names('alerting')[0]).toBe('list_alerts');
    expect(names('alert')).toContain('list_alerts');
    expect(names('my')).toEqual([]);
    expect(names('mysq')[0]).toBe('get_mysql_config');
  });

  it('forgives a typo in a longer word', () => {
    expect(names('mailbx')[0]).toBe('add_mailbox');
  });

  it("finds an operation by its spec's keywords, by generic synonyms and by words run together", () => {
    expect(names('new inbox')[0]).toBe('add_mailbox');
    expect(names('remove an app')[0]).toBe('delete_app');
    expect(names('timezone')[0]).toBe('set_time_zone');
    expect(names('promote to admin')[0]).toBe('set_user_role');
  });

  it('prefers the operation whose name the query covers, and reads for a question', () => {
    expect(names('users')[0]).toBe('get_users');
    expect(names('which users are there')[0]).toBe('get_users');
  });

  it('counts a repeated word once', () => {
    expect(index.search('mailbox mailbox mailbox mailbox', 10)).toEqual(index.search('mailbox', 10));
  });

  it('searches at most MAX_QUERY_TERMS words of a huge query', () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' ');
    expect(analyzeQuery(`${filler} users`).terms).toHaveLength(MAX_QUERY_TERMS);
    expect(names(`users ${filler}`)[0]).toBe('get_users');
  });

  it('returns nothing for an empty or meaningless query, and at most limit matches', () => {
    expect(names('')).toEqual([]);
    expect(names('   the of and ')).toEqual([]);
    expect(names('get', 3)).toHaveLength(3);
  });

  it("ranks the operations of the one part a query names first (a hub's API)", () => {
    const hub = new OperationIndex(
      new Map<string, ToolDefinition>([
        tool('cloudron_list_apps', 'List apps', 'Lists the apps.'),
        tool('cloudways_list_apps', 'List apps', 'Lists the applications of a server.'),
        tool('cloudways_list_servers', 'List servers', 'Lists the servers.'),
        tool('control_plane_list_apps', 'List apps', 'Lists the deployed apps.'),
      ]),
      ['cloudron', 'cloudways', 'control-plane'],
      [
        { name: 'cloudron', prefix: 'cloudron_' },
        { name: 'cloudways', prefix: 'cloudways_' },
        { name: 'control-plane', prefix: 'control_plane_' },
      ],
    );
    const ranked = (query: string) => hub.search(query, 10).map((match) => match.name);
    expect(ranked('list apps on cloudways').slice(0, 2)).toEqual(['cloudways_list_apps', 'cloudways_list_servers']);
    expect(ranked('the control plane apps')[0]).toBe('control_plane_list_apps');
    // naming none, or two, prefers none
    expect(ranked('list apps')[0]).toBe('cloudron_list_apps');
    expect(ranked('move apps from cloudways to cloudron')[0]).toBe('cloudron_list_apps');
  });

  it('breaks ties by the shorter name, then by name', () => {
    const twins = new OperationIndex(new Map([tool('b_long_name', 'Zed', 'x'), tool('a_long_name', 'Zed', 'x'), tool('zz', 'Zed', 'x')]));
    expect(twins.search('zed', 10).map((match) => match.name)).toEqual(['zz', 'a_long_name', 'b_long_name']);
  });
});

describe('questions', () => {
  const groups = new OperationIndex(
    new Map<string, ToolDefinition>([
      ...tools,
      tool('get_groups', 'List groups', 'Lists the user groups.'),
      tool('set_group_members', 'Set group members', 'Replaces the members of a user group.', { annotations: writeAnnotations }),
    ]),
  );
  const first = (query: string) => groups.search(query, 2)[0]?.name;

  it('a question asks to read, whatever verbs it names', () => {
    expect(first('which user groups are there?')).toBe('get_groups');
  });

  it('a request phrased as a question still asks for the action', () => {
    expect(first('set the members of the user group')).toBe('set_group_members');
    expect(first('could you set the group members?')).toBe('set_group_members');
    expect(first('how do I set the members of a user group?')).toBe('set_group_members');
  });

  it("in a question, an action's past participle names a state, not the action", () => {
    const apps = new OperationIndex(
      new Map<string, ToolDefinition>([
        tool('list_apps', 'List apps', 'Lists the apps with their state.'),
        tool('install_app', 'Install app', 'Installs an app from the store.', { annotations: writeAnnotations }),
        tool('stop_app', 'Stop app', 'Stops an app.', { annotations: writeAnnotations }),
      ]),
    );
    const firstApp = (query: string) => apps.search(query, 1)[0]?.name;
    expect(firstApp('which apps are installed?')).toBe('list_apps');
    expect(firstApp('are any apps stopped?')).toBe('list_apps');
    expect(firstApp('install an app')).toBe('install_app');
    expect(firstApp('could you get the app stopped?')).toBe('stop_app');
    // a question of nothing but the state still searches for it
    expect(firstApp('installed?')).toBe('install_app');
  });
});
