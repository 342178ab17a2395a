// Receiving the CMS's webhooks: check the signature and the timestamp before trusting a delivery.
// frontend-contract/README.md ("Webhooks") describes the payloads and headers.
import { createHmac, timingSafeEqual } from "node:crypto";

export const MAX_AGE_SECONDS = 5 * 60;

export interface ChangeEntry {
  seq: number;
  kind: "created" | "updated" | "deleted";
  site: number;
  id: number | null; // null for the site document (type "site": settings, menu, footer)
  type: string;
  old_path: string | null;
  new_path: string | null;
  at: string;
}

export type WebhookPayload =
  | { event: "changes"; from: number; to: number; entries: ChangeEntry[] }
  | { event: "purge"; base_url: string | null; everything: boolean; paths: string[] };

/** The payload if the delivery is authentic and recent, otherwise null (answer 401 then). */
export function verifyWebhook(
  secret: string,
  rawBody: Buffer, // the body exactly as received: not re-serialized JSON
  headers: { timestamp?: string; signature?: string },
  now: number = Date.now() / 1000,
): WebhookPayload | null {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature?.startsWith("sha256=") || !/^\d+$/.test(timestamp)) return null;
  if (Math.abs(now - Number(timestamp)) > MAX_AGE_SECONDS) return null; // a replay, or a clock far off
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest();
  const given = Buffer.from(signature.slice("sha256=".length), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return JSON.parse(rawBody.toString("utf8")) as WebhookPayload;
}
