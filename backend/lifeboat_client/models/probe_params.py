from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ProbeParams")



@_attrs_define
class ProbeParams:
    """ 
        Attributes:
            backoff_s (float | Unset):  Default: 0.05.
            fail_at_step (int | None | Unset):
            fail_times (int | Unset):  Default: 0.
            ignore_cancel (bool | Unset):  Default: False.
            max_attempts (int | Unset):  Default: 3.
            require_approval (bool | Unset):  Default: False.
            scope (None | str | Unset): A lock scope such as tenant:acme or config:routing.
            sleep_s (float | Unset):  Default: 0.0.
            step_timeout_s (float | Unset):  Default: 60.0.
            steps (int | Unset):  Default: 3.
     """

    backoff_s: float | Unset = 0.05
    fail_at_step: int | None | Unset = UNSET
    fail_times: int | Unset = 0
    ignore_cancel: bool | Unset = False
    max_attempts: int | Unset = 3
    require_approval: bool | Unset = False
    scope: None | str | Unset = UNSET
    sleep_s: float | Unset = 0.0
    step_timeout_s: float | Unset = 60.0
    steps: int | Unset = 3





    def to_dict(self) -> dict[str, Any]:
        backoff_s = self.backoff_s

        fail_at_step: int | None | Unset
        if isinstance(self.fail_at_step, Unset):
            fail_at_step = UNSET
        else:
            fail_at_step = self.fail_at_step

        fail_times = self.fail_times

        ignore_cancel = self.ignore_cancel

        max_attempts = self.max_attempts

        require_approval = self.require_approval

        scope: None | str | Unset
        if isinstance(self.scope, Unset):
            scope = UNSET
        else:
            scope = self.scope

        sleep_s = self.sleep_s

        step_timeout_s = self.step_timeout_s

        steps = self.steps


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if backoff_s is not UNSET:
            field_dict["backoff_s"] = backoff_s
        if fail_at_step is not UNSET:
            field_dict["fail_at_step"] = fail_at_step
        if fail_times is not UNSET:
            field_dict["fail_times"] = fail_times
        if ignore_cancel is not UNSET:
            field_dict["ignore_cancel"] = ignore_cancel
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if require_approval is not UNSET:
            field_dict["require_approval"] = require_approval
        if scope is not UNSET:
            field_dict["scope"] = scope
        if sleep_s is not UNSET:
            field_dict["sleep_s"] = sleep_s
        if step_timeout_s is not UNSET:
            field_dict["step_timeout_s"] = step_timeout_s
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backoff_s = d.pop("backoff_s", UNSET)

        def _parse_fail_at_step(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        fail_at_step = _parse_fail_at_step(d.pop("fail_at_step", UNSET))


        fail_times = d.pop("fail_times", UNSET)

        ignore_cancel = d.pop("ignore_cancel", UNSET)

        max_attempts = d.pop("max_attempts", UNSET)

        require_approval = d.pop("require_approval", UNSET)

        def _parse_scope(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scope = _parse_scope(d.pop("scope", UNSET))


        sleep_s = d.pop("sleep_s", UNSET)

        step_timeout_s = d.pop("step_timeout_s", UNSET)

        steps = d.pop("steps", UNSET)

        probe_params = cls(
            backoff_s=backoff_s,
            fail_at_step=fail_at_step,
            fail_times=fail_times,
            ignore_cancel=ignore_cancel,
            max_attempts=max_attempts,
            require_approval=require_approval,
            scope=scope,
            sleep_s=sleep_s,
            step_timeout_s=step_timeout_s,
            steps=steps,
        )

        return probe_params

