"""Sample open innovation needs of the Magok tenants, seeded so matching works on day one."""

from typing import Any

SAMPLE_NEEDS: list[dict[str, Any]] = [
    {
        "need_id": "lg-electronics-vision-inspection",
        "firm_id": "lg-electronics",
        "title": "AI vision inspection for appliance assembly lines",
        "technologies": ["computer_vision", "edge_ai"],
        "sectors": ["ai", "manufacturing"],
        "stages": ["growth", "scale_up"],
    },
    {
        "need_id": "lotte-demand-forecasting",
        "firm_id": "lotte",
        "title": "Store-level demand forecasting",
        "technologies": ["demand_forecasting", "machine_learning"],
        "sectors": ["retail", "ai"],
        "stages": ["early", "growth"],
    },
    {
        "need_id": "kolon-recycled-fibres",
        "firm_id": "kolon",
        "title": "Recycled and bio-based fibres",
        "technologies": ["biomaterials", "recycling"],
        "sectors": ["materials"],
        "stages": ["growth"],
    },
    {
        "need_id": "s-oil-carbon-capture",
        "firm_id": "s-oil",
        "title": "Carbon capture and hydrogen for refining",
        "technologies": ["carbon_capture", "hydrogen"],
        "sectors": ["energy"],
        "stages": ["growth", "scale_up"],
    },
    {
        "need_id": "nexen-tire-sensing",
        "firm_id": "nexen",
        "title": "In-tire wear and pressure sensing",
        "technologies": ["iot", "sensors"],
        "sectors": ["mobility"],
        "stages": ["early", "growth"],
    },
]
