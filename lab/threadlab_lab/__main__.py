"""`python3 -m threadlab_lab`: start JupyterLab (ThreadLab's build) on jupyter_server."""
from threadlab_lab import main

main()
