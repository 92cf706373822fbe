"""Webhook delivery: new articles POSTed, signed, to subscribers, apart from the crawl.

``webhooks`` is pure (payload, signature, back-off, what a webhook follows);
``sender`` does the I/O (claims, POSTs through the fetcher's client and guard,
records outcomes) and runs the loop beside a crawl.  Nothing is imported here,
so storage can use the pure module without pulling in the sender.
"""
