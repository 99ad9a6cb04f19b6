-- Invitations live only as long as their inviter may grant the role (admins and the owner):
-- drop those whose inviter has since left, been removed or been demoted to member.
DELETE FROM "Invite" AS i
WHERE NOT EXISTS (
  SELECT 1 FROM "Membership" AS m
  WHERE m."workspaceId" = i."workspaceId" AND m."userId" = i."invitedById" AND m."role" IN ('owner', 'admin')
);
