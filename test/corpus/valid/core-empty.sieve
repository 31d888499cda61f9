# An empty script is valid (implicit keep).
