// "Forgot password?" without SMTP: the same neutral answer says e-mail is not set up (the page then
// points to an administrator); no link is created and nothing is sent.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";

delete process.env.SMTP_URL; // this file's own module context: the environment is read after this line
const { db } = await import("@/server/db/client");
const { PEER_HEADER } = await import("@/server/http/client-address");
const { makeUser } = await import("@/server/test/factories");
const { handleResetRequest } = await import("./password-reset-http");

describe("forgot password without SMTP", () => {
  it("known and unknown address → both 200 {mailConfigured: false}; no reset link stored", async () => {
    const user = await makeUser();
    const answers = [];
    for (const email of [user.email, `nobody-${randomUUID()}@example.test`]) {
      const req = new Request("http://localhost:3000/api/password-reset", { method: "POST", headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_HEADER]: "198.51.100.200" }, body: JSON.stringify({ email }) });
      const { response, delivery } = await handleResetRequest(db(), req, randomUUID());
      answers.push([response.status, await response.json(), await delivery]);
    }
    expect(answers).toEqual([
      [200, { mailConfigured: false }, false],
      [200, { mailConfigured: false }, false],
    ]);
    expect(await db().passwordReset.count({ where: { userId: user.id } })).toBe(0);
  });
});
