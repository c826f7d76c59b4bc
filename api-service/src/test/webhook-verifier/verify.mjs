// Reads {secret, headers, body} as JSON on stdin and verifies the delivery with the reference
// Standard Webhooks library; exits 0 when the signature checks out, 1 (with the reason) otherwise.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { secret, headers, body } = JSON.parse(input);
try {
  const payload = new Webhook(secret).verify(body, headers);
  console.log(JSON.stringify({ verified: true, type: payload.type }));
} catch (e) {
  console.log(JSON.stringify({ verified: false, error: String(e) }));
  process.exit(1);
}
