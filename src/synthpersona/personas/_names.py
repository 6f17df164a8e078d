"""Realistic Indian names by region and gender, for naming personas.

Names are chosen deterministically from a seed so the same run gives the same
persona names. Regions follow the state of the persona's anchor member.
"""

from __future__ import annotations

import numpy as np

_REGION_OF_STATE = {
    "Delhi": "north",
    "Uttar Pradesh": "north",
    "Rajasthan": "north",
    "Madhya Pradesh": "north",
    "Bihar": "north",
    "Haryana": "north",
    "Uttarakhand": "north",
    "Chhattisgarh": "north",
    "Jharkhand": "north",
    "Jammu and Kashmir": "north",
    "Punjab": "punjab",
    "Chandigarh": "punjab",
    "Maharashtra": "maharashtra",
    "Goa": "maharashtra",
    "Gujarat": "gujarat",
    "West Bengal": "east",
    "Assam": "east",
    "Meghalaya": "east",
    "Odisha": "odisha",
    "Tamil Nadu": "tamil",
    "Kerala": "kerala",
    "Karnataka": "karnataka",
    "Telangana": "telugu",
    "Andhra Pradesh": "telugu",
}

_FIRST: dict[str, dict[str, tuple[str, ...]]] = {
    "north": {
        "Female": (
            "Priya",
            "Anjali",
            "Neha",
            "Pooja",
            "Shreya",
            "Kavita",
            "Ritu",
            "Sunita",
            "Aditi",
            "Nisha",
        ),
        "Male": ("Rahul", "Amit", "Rohit", "Vikas", "Arjun", "Saurabh", "Manoj", "Ankit", "Deepak", "Aman"),
    },
    "punjab": {
        "Female": (
            "Simran",
            "Harpreet",
            "Navneet",
            "Gurleen",
            "Jasleen",
            "Manpreet",
            "Kiranjeet",
            "Rupinder",
        ),
        "Male": ("Gurpreet", "Harjeet", "Manjot", "Jaspreet", "Arshdeep", "Balraj", "Kuldeep", "Sukhwinder"),
    },
    "maharashtra": {
        "Female": ("Sneha", "Ashwini", "Pallavi", "Rutuja", "Madhuri", "Shraddha", "Snehal", "Vaishali"),
        "Male": ("Aniket", "Sachin", "Omkar", "Prathamesh", "Tushar", "Ganesh", "Sagar", "Nikhil"),
    },
    "gujarat": {
        "Female": ("Hetal", "Krupa", "Dhara", "Bhavna", "Riddhi", "Jinal", "Nidhi", "Komal"),
        "Male": ("Jignesh", "Hardik", "Parth", "Chirag", "Bhavesh", "Dhaval", "Kunal", "Mehul"),
    },
    "east": {
        "Female": ("Ananya", "Moumita", "Sreeja", "Payel", "Rimjhim", "Debjani", "Tanushree", "Puja"),
        "Male": ("Arindam", "Sourav", "Debashis", "Subhajit", "Anirban", "Rajdeep", "Arnab", "Souvik"),
    },
    "odisha": {
        "Female": ("Sasmita", "Itishree", "Lipsa", "Smruti", "Pragyan", "Subhashree", "Ipsita", "Jyotsna"),
        "Male": ("Debasish", "Soumya", "Prasanta", "Bibhuti", "Satyajit", "Chinmay", "Ashutosh", "Sambit"),
    },
    "tamil": {
        "Female": ("Divya", "Lakshmi", "Kavya", "Meenakshi", "Janani", "Priyanka", "Revathi", "Sangeetha"),
        "Male": ("Karthik", "Arun", "Vignesh", "Prakash", "Senthil", "Dinesh", "Balaji", "Harish"),
    },
    "kerala": {
        "Female": ("Anjana", "Athira", "Reshma", "Nimisha", "Aswathy", "Lekshmi", "Sruthi", "Meera"),
        "Male": ("Arjun", "Vishnu", "Rahul", "Akhil", "Jithin", "Sreejith", "Anoop", "Nikhil"),
    },
    "karnataka": {
        "Female": ("Deepa", "Shwetha", "Chaitra", "Kavya", "Rashmi", "Bhavya", "Pavithra", "Spoorthi"),
        "Male": ("Naveen", "Manjunath", "Kiran", "Praveen", "Sandeep", "Raghavendra", "Darshan", "Vinay"),
    },
    "telugu": {
        "Female": ("Swathi", "Lavanya", "Sravani", "Keerthi", "Harika", "Bhargavi", "Sirisha", "Mounika"),
        "Male": ("Srinivas", "Venkat", "Ravi", "Sai", "Pavan", "Mahesh", "Karthik", "Suresh"),
    },
}

_NEUTRAL_FIRST = ("Kiran", "Noor", "Suman", "Shashi", "Anmol", "Preet", "Sonu", "Santosh")

_SURNAMES: dict[str, tuple[str, ...]] = {
    "north": (
        "Sharma",
        "Verma",
        "Gupta",
        "Singh",
        "Yadav",
        "Mishra",
        "Srivastava",
        "Agarwal",
        "Chauhan",
        "Tiwari",
    ),
    "punjab": ("Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Brar", "Sidhu", "Grewal"),
    "maharashtra": ("Patil", "Deshmukh", "Kulkarni", "Jadhav", "Shinde", "Pawar", "Joshi", "Gaikwad"),
    "gujarat": ("Patel", "Shah", "Mehta", "Desai", "Trivedi", "Joshi", "Parikh", "Chauhan"),
    "east": ("Banerjee", "Chatterjee", "Das", "Mukherjee", "Ghosh", "Bose", "Sen", "Dutta"),
    "odisha": ("Mohanty", "Panda", "Mishra", "Patnaik", "Sahu", "Nayak", "Behera", "Rath"),
    "tamil": ("Iyer", "Subramanian", "Krishnan", "Raman", "Natarajan", "Pillai", "Murugan", "Rajan"),
    "kerala": ("Nair", "Menon", "Pillai", "Kurian", "Thomas", "Varghese", "Panicker", "Warrier"),
    "karnataka": ("Gowda", "Rao", "Shetty", "Hegde", "Kamath", "Bhat", "Naik", "Kulkarni"),
    "telugu": ("Reddy", "Rao", "Naidu", "Chowdary", "Varma", "Sastry", "Goud", "Raju"),
}


def region_of(state: str) -> str:
    """Naming region of an Indian state (``"north"`` when unknown)."""
    return _REGION_OF_STATE.get(state, "north")


def pick_name(state: str, gender: str, seed: int, taken: set[str] | None = None) -> str:
    """Pick a full name that fits ``state`` and ``gender``, avoiding names in ``taken``.

    Examples
    --------
    >>> pick_name("Tamil Nadu", "Female", seed=1) in {f"{f} {s}" for f in _FIRST["tamil"]["Female"]
    ...                                              for s in _SURNAMES["tamil"]}
    True
    """
    region = region_of(state)
    firsts = _FIRST[region].get(gender, _NEUTRAL_FIRST)
    surnames = _SURNAMES[region]
    rng = np.random.default_rng(seed)
    taken = taken or set()
    for _ in range(64):
        name = f"{firsts[int(rng.integers(len(firsts)))]} {surnames[int(rng.integers(len(surnames)))]}"
        if name not in taken:
            return name
    return name
