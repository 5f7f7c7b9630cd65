"""One view per phase of a session (knots, positions, criteria, options, decide, evaluate).

The session screen mounts them and hands each the folded state (attributes down); a view never
calls the node itself but posts ``PhaseView.Contribute`` (messages up), which the session screen
turns into ``Node.contribute`` in a worker and reports errors for.
"""
