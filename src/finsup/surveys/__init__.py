"""Special surveys and data requests (责任清单 ㉓, statistics and special surveys): an office asks
institutions or the offices below it for an ad-hoc set of figures with a deadline."""
