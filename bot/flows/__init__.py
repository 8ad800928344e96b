"""Conversation flows, each a Flow: states with their step kinds, buttons and transitions."""

from bot.core.flow_engine import Flow
from bot.flows import brobygger, checkin

FLOWS: dict[str, Flow] = {flow.name: flow for flow in (brobygger.FLOW, checkin.FLOW)}
