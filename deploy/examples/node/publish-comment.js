// A website backend in Node.js: publish a comment to the Moderation service as plain JSON and wait
// for the decision. No MassTransit needed: the service reads any JSON sent to the
// `moderation-comments` exchange with content type application/json, and publishes each decision
// as plain JSON (camelCase, enums as strings) to one fanout exchange per outcome.
//
//   npm ci && AMQP_URL=amqp://guest:guest@localhost:5672/ SITE_ID=demo node publish-comment.js
//
// Settings (environment):
//   AMQP_URL        broker URI with the virtual host (default amqp://guest:guest@localhost:5672/)
//   SITE_ID         a site the service has configured (default demo)
//   DECISION_QUEUE  an existing durable queue bound to the decision exchanges, as a real backend
//                   would have (deploy/rabbitmq/definitions.json declares moderation-decisions-demo);
//                   unset: a private queue for this run, bound here and deleted on exit
//   COMMENT_FILE    the comment to send (default ../comment-submitted.json); a fresh commentId is set
//   TIMEOUT_SECONDS how long to wait for the decision (default 30)
// Exit code 0 and one JSON line on stdout with the outcome and reason codes; 1 on timeout or error.
'use strict';

const amqp = require('amqplib');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const COMMENTS_EXCHANGE = 'moderation-comments';
const DECISION_EXCHANGES = [
  'Moderation.Contracts:CommentApproved',
  'Moderation.Contracts:CommentRejected',
  'Moderation.Contracts:CommentHeldForReview',
];

async function main() {
  const url = process.env.AMQP_URL || 'amqp://guest:guest@localhost:5672/';
  const siteId = process.env.SITE_ID || 'demo';
  const timeoutMs = Number(process.env.TIMEOUT_SECONDS || 30) * 1000;
  const commentFile = process.env.COMMENT_FILE || path.join(__dirname, '..', 'comment-submitted.json');

  const comment = JSON.parse(fs.readFileSync(commentFile, 'utf8'));
  comment.commentId = `example-node-${crypto.randomUUID()}`;
  comment.siteId = siteId;
  comment.submittedAt = new Date().toISOString();

  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();

    // Listen before publishing, so the decision cannot arrive before anyone is bound.
    let queue = process.env.DECISION_QUEUE;
    if (queue) {
      await channel.checkQueue(queue);
    } else {
      queue = `moderation-decisions-example-${crypto.randomUUID()}`;
      await channel.assertQueue(queue, { exclusive: true, autoDelete: true, durable: false });
      for (const exchange of DECISION_EXCHANGES) {
        await channel.bindQueue(queue, exchange, '');
      }
    }

    const decided = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no decision for ${comment.commentId} within ${timeoutMs / 1000} s`)), timeoutMs);
      channel.consume(queue, (message) => {
        if (message === null) {
          return;
        }
        const decision = JSON.parse(message.content.toString('utf8'));
        // A backend handles every decision in its queue; this example only waits for its own.
        channel.ack(message);
        if (decision.commentId !== comment.commentId) {
          console.error(`publish-comment: also decided: ${decision.siteId}/${decision.commentId}`);
          return;
        }
        clearTimeout(timer);
        resolve({ exchange: message.fields.exchange, decision });
      });
    });

    // Persistent, with a message id, and confirmed by the broker before we count it as sent.
    channel.publish(COMMENTS_EXCHANGE, '', Buffer.from(JSON.stringify(comment), 'utf8'), {
      contentType: 'application/json',
      persistent: true,
      messageId: crypto.randomUUID(),
      timestamp: Math.floor(Date.now() / 1000),
    });
    await channel.waitForConfirms();

    const { exchange, decision } = await decided;
    const outcome = exchange.split(':').pop().replace(/^Comment/, '');
    console.log(JSON.stringify({
      commentId: decision.commentId,
      outcome,
      reasons: decision.reasons.map((r) => r.code),
      policyVersion: decision.policyVersion,
    }));
    await channel.close();
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  console.error(`publish-comment: ${error.message}`);
  process.exit(1);
});
