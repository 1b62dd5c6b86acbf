"""The interactive HTML page: one offline file with the network, its data and controls."""
