"""The synthetic demo dealership: three years of a believable French car dealership, for demos,
screenshots, manual testing and the benchmarks. Not a service: it writes a whole dealership at once,
outside anyone's work (no audit log), and is used by the `dealercrm demo` command, the first-run dialog,
the tests and the benchmarks.

Modules, by area: `generate` (the entry point and the order of the work), `base` (the builder's state,
clock and plumbing), `reference` (catalogue, places, names, texts), `plan` (the plan in memory and pure
helpers), `stories` and `people` (contacts), `sales` (pipeline, sales, vehicles), `aftersales` (workshop
visits, claims), `campaigns`, `tasks`, `interactions`, `marketing` (spend, objectives, opt-out lists) and
`scores`.
"""

from dealercrm.demo.base import DEMO_STEPS
from dealercrm.demo.generate import DemoError, DemoSummary, generate_demo
from dealercrm.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "DEMO_STEPS", "DemoError", "DemoSummary", "generate_demo"]
