"""Form sections for the parts of an event: event, job, run, inputs and outputs."""
