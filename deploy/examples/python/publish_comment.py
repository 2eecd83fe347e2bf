#!/usr/bin/env python3
"""A website backend in Python: publish a comment to the Moderation service as plain JSON and wait
for the decision. No MassTransit needed: the service reads any JSON sent to the `moderation-comments`
exchange with content type application/json, and publishes each decision as plain JSON (camelCase,
enums as strings) to one fanout exchange per outcome.

Needs pika (Debian: `apt-get install python3-pika`; elsewhere `pip install pika`):

    AMQP_URL=amqp://guest:guest@localhost:5672/%2F SITE_ID=demo python3 publish_comment.py

Settings (environment):
  AMQP_URL        broker URI with the virtual host, URL-encoded (default amqp://guest:guest@localhost:5672/%2F)
  SITE_ID         a site the service has configured (default demo)
  DECISION_QUEUE  an existing durable queue bound to the decision exchanges, as a real backend would
                  have (deploy/rabbitmq/definitions.json declares moderation-decisions-demo);
                  unset: a private queue for this run, bound here and deleted on exit
  COMMENT_FILE    the comment to send (default ../comment-submitted.json); a fresh commentId is set
  TIMEOUT_SECONDS how long to wait for the decision (default 30)
Exit code 0 and one JSON line on stdout with the outcome and reason codes; 1 on timeout or error.
"""
import datetime
import json
import os
import pathlib
import sys
import time
import uuid

import pika

COMMENTS_EXCHANGE = "moderation-comments"
DECISION_EXCHANGES = (
    "Moderation.Contracts:CommentApproved",
    "Moderation.Contracts:CommentRejected",
    "Moderation.Contracts:CommentHeldForReview",
)


def main() -> int:
    url = os.environ.get("AMQP_URL", "amqp://guest:guest@localhost:5672/%2F")
    site_id = os.environ.get("SITE_ID", "demo")
    timeout = float(os.environ.get("TIMEOUT_SECONDS", "30"))
    comment_file = os.environ.get("COMMENT_FILE") or pathlib.Path(__file__).resolve().parent.parent / "comment-submitted.json"

    comment = json.loads(pathlib.Path(comment_file).read_text(encoding="utf-8"))
    comment["commentId"] = f"example-python-{uuid.uuid4()}"
    comment["siteId"] = site_id
    comment["submittedAt"] = datetime.datetime.now(datetime.timezone.utc).isoformat()

    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()

        # Listen before publishing, so the decision cannot arrive before anyone is bound.
        queue = os.environ.get("DECISION_QUEUE")
        if queue:
            channel.queue_declare(queue, passive=True)
        else:
            queue = f"moderation-decisions-example-{uuid.uuid4()}"
            channel.queue_declare(queue, exclusive=True, auto_delete=True, durable=False)
            for exchange in DECISION_EXCHANGES:
                channel.queue_bind(queue, exchange)

        # Persistent, with a message id; with confirms on, basic_publish returns once the broker has it.
        channel.basic_publish(
            COMMENTS_EXCHANGE,
            "",
            json.dumps(comment).encode("utf-8"),
            pika.BasicProperties(
                content_type="application/json",
                delivery_mode=2,  # persistent
                message_id=str(uuid.uuid4()),
                timestamp=int(time.time()),
            ),
        )

        deadline = time.monotonic() + timeout
        for method, _properties, body in channel.consume(queue, inactivity_timeout=1):
            if method is not None:
                decision = json.loads(body)
                # A backend handles every decision in its queue; this example only waits for its own.
                channel.basic_ack(method.delivery_tag)
                if decision["commentId"] == comment["commentId"]:
                    outcome = method.exchange.split(":")[-1].removeprefix("Comment")
                    print(json.dumps({
                        "commentId": decision["commentId"],
                        "outcome": outcome,
                        "reasons": [r["code"] for r in decision["reasons"]],
                        "policyVersion": decision["policyVersion"],
                    }))
                    channel.cancel()
                    return 0
                print(f"publish_comment: also decided: {decision['siteId']}/{decision['commentId']}", file=sys.stderr)
            if time.monotonic() > deadline:
                channel.cancel()
                print(f"publish_comment: no decision for {comment['commentId']} within {timeout:g} s", file=sys.stderr)
                return 1
        return 1
    finally:
        connection.close()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (pika.exceptions.AMQPError, OSError, ValueError) as error:
        print(f"publish_comment: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
