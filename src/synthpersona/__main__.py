"""``python -m synthpersona``: the same command line as the ``synthpersona`` script."""

from synthpersona.cli import main

if __name__ == "__main__":
    main()
