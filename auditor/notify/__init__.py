"""Delivery: the present stage's messages sent by e-mail (SMTP) and LINE (Messaging API push),
each send recorded in the store so a rerun sends nothing twice, and the LINE webhook that tells a
province its group ids. Stage `notify`, between present and the app (tests/test_layers.py).
"""
