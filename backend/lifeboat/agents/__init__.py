"""Reference agents, built only on the generated client (``lifeboat_client``): they prove the
published contract is enough for an outside consumer. ``restore``: the reference restore agent."""
