"""Replicas: declarations that a consumer keeps a restore of a group or server, the consumers
and their registered capabilities, the worklist and the coverage question behind credentials."""
