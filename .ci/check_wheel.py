"Import every module of the installed wheel from outside the repository (argv[1] is the wheel's install folder)."
import importlib, pkgutil, sys
from pathlib import Path
site = Path(sys.argv[1]).resolve()
import cofi_ucgen
where = Path(cofi_ucgen.__file__).resolve()
if site not in where.parents: sys.exit(f'cofi_ucgen imported from {where}, not from the wheel in {site}')
mods = [m.name for m in pkgutil.iter_modules(cofi_ucgen.__path__)]
for m in mods: importlib.import_module(f'cofi_ucgen.{m}')
print(f'wheel {cofi_ucgen.__version__}: imported {len(mods)} modules from {where.parent}: {", ".join(mods)}')
