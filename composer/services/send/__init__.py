"""The send engine every send goes through (window, CLI, replay, sheets): see README Architecture."""
