"""The window half of working against a tenant's own catalog (issue 16).

The data sources of the selected profile's tenant in every namespace picker, the "tenant"
pre-flight in the problems list, catalog access in the Profiles dialog and the automatic
verification after a send. The services it drives (REST client, data-source cache, the "tenant"
rule set, the poller) live in `composer.services`; this package only schedules them off the GUI
thread and shows what they found.
"""
