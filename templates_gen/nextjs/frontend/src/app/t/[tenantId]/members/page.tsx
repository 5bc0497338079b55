"use client";
/** Members and invitations of the tenant; owners and admins manage them. */
import { useParams } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { useSession, useTenant } from "@/components/session";
import { describeError } from "@/lib/errors";
import { tenants, type Invitation, type Member, type MemberRole } from "@/lib/tenant-api";

const ROLES: MemberRole[] = ["owner", "admin", "member"];

export default function MembersPage() {
  const tenantId = Number(useParams<{ tenantId: string }>().tenantId);
  const { me } = useSession();
  const { role } = useTenant(tenantId);
  const manager = role === "owner" || role === "admin";
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [email, setEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<MemberRole>("member");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([tenants.members(tenantId), manager ? tenants.invitations(tenantId) : Promise.resolve([])]).then(
      ([found, pending]) => {
        if (!live) return;
        setMembers(found);
        setInvitations(pending);
      },
      (failure: unknown) => live && setError(describeError(failure)),
    );
    return () => {
      live = false;
    };
  }, [tenantId, manager, version]);

  async function act(work: () => Promise<unknown>, done: string) {
    setError(null);
    setMessage(null);
    try {
      await work();
      setMessage(done);
      setVersion((current) => current + 1);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void act(() => tenants.invite(tenantId, email, inviteRole), `Invitation sent to ${email}.`).then(() => setEmail(""));
  }

  return (
    <section>
      <h1>Members</h1>
      {message ? <p role="status">{message}</p> : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      {!members ? <p aria-live="polite" className="muted">Loading…</p> : null}
      {members ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {manager ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.user_id}>
                  <td>{member.name}</td>
                  <td>{member.email}</td>
                  <td>
                    {manager && member.user_id !== me.user.id ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        value={member.role}
                        onChange={(event) =>
                          void act(() => tenants.changeRole(tenantId, member.user_id, event.target.value as MemberRole), "Role changed.")
                        }
                      >
                        {ROLES.map((item) => (
                          <option key={item} value={item}>
                            {item}
                          </option>
                        ))}
                      </select>
                    ) : (
                      member.role
                    )}
                  </td>
                  {manager ? (
                    <td>
                      {member.user_id !== me.user.id ? (
                        <button type="button" className="danger" onClick={() => void act(() => tenants.removeMember(tenantId, member.user_id), "Member removed.")}>
                          Remove
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {manager ? (
        <>
          <h2>Invite someone</h2>
          <form onSubmit={invite} className="inline-form">
            <div className="field">
              <label htmlFor="invite-email">Email</label>
              <input id="invite-email" type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" value={inviteRole} onChange={(event) => setInviteRole(event.target.value as MemberRole)}>
                {ROLES.map((item) => (
                  <option key={item} value={item}>
                    {item}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="primary">Invite</button>
          </form>
          <h2>Pending invitations</h2>
          {invitations.filter((item) => !item.accepted_at).length === 0 ? <p className="empty">No pending invitations.</p> : null}
          <ul>
            {invitations
              .filter((item) => !item.accepted_at)
              .map((item) => (
                <li key={item.id}>
                  {item.email} ({item.role}){" "}
                  <button type="button" onClick={() => void act(() => tenants.revokeInvitation(tenantId, item.id), "Invitation revoked.")}>
                    Revoke
                  </button>
                </li>
              ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
