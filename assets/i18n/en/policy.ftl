# policy: English
# The policy's refusals (ls-domain `Reason`) and the client's errors (ls-api `ClientError`).
# The English reads exactly as their own Display does, byte for byte: the server and the CLI
# print that, and the tests in src/i18n/policy/ compare the two. Change them together.

## Refusals

policy-read-only = read-only ({ $why }): nothing is written; :write allows changes for this session
# Why a session is read-only: a profile marked read_only.
policy-profile = profile { $name }
policy-no-such-user = user { $login } not found
policy-no-such-object = object { $id } not found
policy-blocked = user { $login } is blocked: Login allowed is unchecked on the card
policy-license-revoked = this aggregator license no longer works: its holder is blocked or is no aggregator
# $to: one of the policy-to-… phrases below ("editing other users"); $name: the right's name
# in the catalogue; $right: its code.
policy-lacks-right = { $to } needs the right { $name } ({ $right })
# $roles: role codes, joined with policy-or ("ADMIN or DEALER_MANAGER").
policy-lacks-role = { $to } needs the { $roles } role
policy-or = or
# $need, $have: policy-level-… below; $on: what it is about ("unit 12 (Cafe #1)", "user 0007");
# $to: one of the policy-to-… phrases ("edit the user").
policy-level = you need { $need } on { $on } to { $to } (you have { $have })
# $what: one of the policy-own-… phrases below.
policy-own-card = you cannot change your own { $what }
# The same for a phrase with no words here yet ($what as the policy wrote it).
policy-own-card-other = you cannot change your own { $what }
policy-outranked = user { $login } holds the role { $role }, which you may not manage (only an administrator does)
policy-role-not-grantable-none = you cannot give or take the role { $role }: you may not grant roles
policy-role-not-grantable-some = you cannot give or take the role { $role } (you may grant { $grantable })
policy-right-not-held = you cannot grant or take the right { $right }: you do not hold it
policy-other-dealer = a dealer manager creates users of its own dealer only
policy-no-such-dealer = dealer { $id } does not exist
policy-no-api-access = user { $login } has no API access: it is for AGGREGATOR, SUB_DEALER and DEALER_MANAGER users
policy-unsaved = save the new user first
# $kind: account, unit_group, unit or user.
policy-not-creatable = a { $kind } cannot be created here: kind must be unit or unit_group
policy-not-an-account = object { $id } is not an account
policy-unit-has-no-members = a unit has no members: only a unit group holds units
policy-not-a-group = { $on } is not a unit group: only a unit group has members
policy-not-a-unit = { $on } is not a unit: a group holds units only
policy-other-account = { $on } belongs to another account than the group
# $dealer: the dealer's name, or policy-dealer-id.
policy-out-of-reach = user { $login } cannot reach objects of { $dealer }: its dealer does not see that dealer's data (a grant there would give nothing)
policy-out-of-reach-no-dealer = user { $login } cannot reach objects of no dealer: its dealer does not see that dealer's data (a grant there would give nothing)
# A dealer the console knows by its id only.
policy-dealer-id = dealer { $id }
# $what: a login, an id or a name.
policy-twice = { $what } is named twice in one batch; name each once
policy-not-yet = still signing in: the console does not know your rights yet

## What a refusal names: the kind of an object before its id and name

policy-kind-account = account
policy-kind-unit-group = unit group
policy-kind-unit = unit
policy-kind-user = user

## Access levels

policy-level-none = none
policy-level-view = view
policy-level-execute = execute
policy-level-edit = edit
policy-level-manage = manage

## What needs a right or a role (policy-lacks-right, policy-lacks-role)

policy-to-editing-other-users = editing other users
policy-to-blocking-users = blocking users
policy-to-creating-users = creating users
policy-to-reading-or-renewing-tokens = reading or renewing API access tokens
policy-to-setting-access-levels = setting access levels
policy-to-creating-objects = creating objects
policy-to-changing-objects = changing objects
policy-to-reading-the-audit-log = reading the audit log
policy-to-creating-dealers = creating dealers
policy-to-setting-user-quota = setting a dealer's user quota

## What needs a level (policy-level)

policy-to-edit-the-user = edit the user
policy-to-create-users-in-it = create users in it
policy-to-set-its-access = set its access
policy-to-set-access-to-it = set access to it
policy-to-create-objects-in-it = create objects in it
policy-to-change-it = change it
policy-to-put-in-or-take-out-of-group = put it in or take it out of a group

## What of one's own card one may not change (policy-own-card)

policy-own-roles = roles
policy-own-rights = rights
policy-own-login-allowed = Login allowed
policy-own-levels-upwards = access levels upwards (you may lower them)

## The client's errors

# $detail: what the system said ("Connection refused"), as it said it.
policy-client-network = cannot reach the server: { $detail }
policy-client-timeout = the server took too long to answer
# $detail: what did not parse, or one of the three below.
policy-client-decode = unexpected answer from the server: { $detail }
policy-client-not-modified-unasked = 304 for an answer never asked
# $status: "502 Bad Gateway".
policy-client-stream-answered = the event stream answered { $status }
policy-client-event-too-large = an event larger than 1 MiB
# An error page that is not the API's: $status "502 Bad Gateway", $text its first bytes.
policy-client-server-answered = the server answered { $status }
policy-client-server-answered-text = the server answered { $status }: { $text }
policy-client-insecure-remote = --insecure is only allowed for a server on this machine (127.0.0.1, ::1, localhost), not { $base }
policy-client-bad-address = server address '{ $base }' must start with http:// or https://
policy-client-cannot-compress = cannot compress the request: { $detail }
policy-client-unauthorized = authentication failed: the login, password or API token is wrong
policy-client-unavailable = the service is busy; try again in a moment
policy-client-server-timeout = the service took too long to answer
policy-client-internal = the service failed; the details are in its log
policy-client-limit = the limit of 9,999 users is reached
policy-client-too-large = the request is too large
