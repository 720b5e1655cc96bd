"""A local SMTP sink for the tests (aiosmtpd): prints its port, then writes every message it receives, as read by
Python's own e-mail parser, as one JSON line to the file named on the command line. Stops when stdin closes."""
import email
import json
import socket
import sys
from email import policy

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",)).get_content()
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "subject": str(msg["subject"]),
                                "sender": str(msg["from"]), "body": body}, ensure_ascii=False) + "\n")
        return "250 OK"


def main():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # A minute to be ready, not aiosmtpd's 5 seconds: on CI the whole suite runs at once on 2 cores.
    controller = Controller(Handler(sys.argv[1]), hostname="127.0.0.1", port=port, ready_timeout=60)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
