"""The office's responsibility list (责任清单, July 2015): who must do what, kept as data.

Reference data below the domain apps: accountability names the item an overdue duty breaches and
the items a case concerns, the portal publishes the list. It imports no finsup app; reads go
through `selectors` (`responsibility_list()`, `duty()`, `item()`, `item_choices()`, `item_ids()`).
"""
