"""BAU projection, mitigation measures and the 2030 target check.

``scenario.run(path, out)`` reads a scenario folder, projects it and (with ``out``) writes it.
"""

from ghg.scenario.config import ScenarioSpec, read_scenario
from ghg.scenario.output import write_scenario
from ghg.scenario.runner import ScenarioResult, run_scenario

#: ``scenario.run(path, out=None)``: the entry point.
run = run_scenario

__all__ = ["ScenarioResult", "ScenarioSpec", "read_scenario", "run", "run_scenario",
           "write_scenario"]
