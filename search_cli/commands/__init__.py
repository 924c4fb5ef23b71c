"""The commands of ``newsindex``, one module per command or group; the base they share
(errors, config, options, output) is one level up."""
